# --- Required: who may reach the hosts -------------------------------------------------

variable "ssh_allowed_cidr" {
  description = "IPv4 CIDR allowed to SSH into the hosts, e.g. your own address as \"203.0.113.7/32\". Required: there is no open default."
  type        = string

  validation {
    condition     = can(cidrhost(var.ssh_allowed_cidr, 0)) && !strcontains(var.ssh_allowed_cidr, ":")
    error_message = "ssh_allowed_cidr must be an IPv4 CIDR such as \"203.0.113.7/32\"."
  }
  validation {
    # The prefix compared as a number (so /00 is /0); a malformed value is the rule above's to report.
    condition     = try(tonumber(split("/", var.ssh_allowed_cidr)[1]) >= 8, true)
    error_message = "ssh_allowed_cidr must not open SSH to the whole internet or a large part of it (a prefix shorter than /8, such as /0): give your own address, e.g. \"$(curl -s https://checkip.amazonaws.com)/32\"."
  }
}

variable "ssh_public_key" {
  description = "OpenSSH public key (the contents of e.g. ~/.ssh/id_ed25519.pub) installed for the 'ubuntu' user on every host."
  type        = string

  validation {
    condition     = can(regex("^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)|sk-ssh-ed25519@openssh.com|sk-ecdsa-sha2-nistp256@openssh.com) [A-Za-z0-9+/=]+( .*)?$", trimspace(var.ssh_public_key)))
    error_message = "ssh_public_key must be one OpenSSH public key line (ssh-ed25519 AAAA..., ssh-rsa AAAA... or ecdsa-sha2-...), not a private key or a file path: use ssh_public_key=\"$(cat ~/.ssh/id_ed25519.pub)\"."
  }
}

# --- Where and on what ------------------------------------------------------------------

variable "region" {
  description = "AWS region. Dedicated tenancy adds a per-region hourly fee while any dedicated instance runs there (see docs/terraform.md)."
  type        = string
  default     = "us-east-1"

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as \"us-east-1\"."
  }
}

variable "availability_zone" {
  description = "Availability zone for the subnet and the cluster placement group. null: the first zone of the region that offers the instance types."
  type        = string
  default     = null

  validation {
    condition     = var.availability_zone == null || can(regex("^[a-z]{2}(-[a-z]+)+-[0-9][a-z]$", var.availability_zone))
    error_message = "availability_zone must be null or a zone name such as \"us-east-1a\"."
  }
}

variable "name_prefix" {
  description = "Prefix of every resource name (and of the ECR repositories)."
  type        = string
  default     = "ntab"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{1,20}$", var.name_prefix))
    error_message = "name_prefix must be 2-21 characters: lower-case letters, digits and '-', starting with a letter."
  }
}

variable "instance_type" {
  description = "Instance type of the server and (unless client_instance_type is set) the clients. The original study used c5.large (2 vCPU, 4 GiB)."
  type        = string
  default     = "c5.large"

  validation {
    condition     = can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.instance_type))
    error_message = "instance_type must look like \"c5.large\"."
  }
}

variable "client_instance_type" {
  description = "Instance type of the client hosts. null: instance_type. A larger one (e.g. c5.4xlarge, 32 GiB) lets threads-map start one worker thread per query; see memory_guard."
  type        = string
  default     = null

  validation {
    condition     = var.client_instance_type == null || can(regex("^[a-z][a-z0-9-]*\\.[a-z0-9]+$", var.client_instance_type))
    error_message = "client_instance_type must be null or look like \"c5.4xlarge\"."
  }
}

variable "tenancy" {
  description = "\"dedicated\" (as the original: single-tenant hardware, adds a per-region hourly fee) or \"default\" (shared hardware: cheaper trial runs, noisier numbers)."
  type        = string
  default     = "dedicated"

  validation {
    condition     = contains(["dedicated", "default"], var.tenancy)
    error_message = "tenancy must be \"dedicated\" or \"default\" (Dedicated Hosts cannot be placed in a cluster placement group)."
  }
}

variable "ami_id" {
  description = "AMI for every host. null: the newest Ubuntu 24.04 LTS (amd64) image published by Canonical. The user data needs Ubuntu (apt, docker.io)."
  type        = string
  default     = null

  validation {
    condition     = var.ami_id == null || can(regex("^ami-[0-9a-f]{8,17}$", var.ami_id))
    error_message = "ami_id must be null or an AMI id such as \"ami-0123456789abcdef0\"."
  }
}

variable "vpc_cidr" {
  description = "CIDR of the benchmark's own VPC (one public subnet is cut from it)."
  type        = string
  default     = "10.42.0.0/16"

  validation {
    condition     = can(cidrhost(var.vpc_cidr, 0)) && tonumber(split("/", var.vpc_cidr)[1]) <= 24
    error_message = "vpc_cidr must be an IPv4 CIDR of /24 or larger, e.g. \"10.42.0.0/16\"."
  }
}

variable "root_volume_size_gb" {
  description = "Size of each host's encrypted gp3 root volume, in GiB (Ubuntu, Docker and the images need about 6)."
  type        = number
  default     = 20

  validation {
    condition     = var.root_volume_size_gb >= 10 && var.root_volume_size_gb <= 500 && floor(var.root_volume_size_gb) == var.root_volume_size_gb
    error_message = "root_volume_size_gb must be a whole number from 10 to 500."
  }
}

variable "client_count" {
  description = "Number of client hosts; each runs the whole suite against the one server at the same time, and keeps its own results."
  type        = number
  default     = 1

  validation {
    condition     = var.client_count >= 1 && var.client_count <= 10 && floor(var.client_count) == var.client_count
    error_message = "client_count must be a whole number from 1 to 10."
  }
}

variable "auto_terminate_after_hours" {
  description = "Cost guard: every host shuts down, and so terminates (instance_initiated_shutdown_behavior = terminate; disks and results go with it), this many hours after it boots, so a forgotten setup stops costing: with the default dedicated tenancy about USD 2.20 an hour for the pair (docs/terraform.md), so at most about USD 8.80 with the default 4. Fetch the results before then; raise it for long runs (large benchmark_queries, sweeps). 0: never (only terraform destroy stops the bill)."
  type        = number
  default     = 4

  validation {
    condition     = var.auto_terminate_after_hours >= 0 && var.auto_terminate_after_hours <= 168 && floor(var.auto_terminate_after_hours) == var.auto_terminate_after_hours
    error_message = "auto_terminate_after_hours must be a whole number of hours from 0 (never) to 168 (a week)."
  }
}

variable "tags" {
  description = "Extra tags for every resource."
  type        = map(string)
  default     = {}
}

# --- Images ----------------------------------------------------------------------------

variable "create_ecr_repositories" {
  description = "Create private ECR repositories <name_prefix>/server and <name_prefix>/client (push with scripts/push-images-ecr.sh) and give the hosts a pull-only role for them. server_image and client_image then default to these repositories."
  type        = bool
  default     = false
}

variable "server_image" {
  description = "Server image reference: a tag, e.g. \"ghcr.io/you/ntab-server:1.0\" (built from Dockerfile.server), or a digest that pins one build for good, \"<repository>@sha256:<64 hex digits>\" (scripts/push-images-ecr.sh prints it; tags, ECR's included, can be moved). null only with create_ecr_repositories (then <server repository>:latest)."
  type        = string
  default     = null

  validation {
    condition     = var.server_image != null || var.create_ecr_repositories
    error_message = "Set server_image, or create_ecr_repositories = true and push the images with scripts/push-images-ecr.sh."
  }
  validation {
    # A name (with an optional registry port and tag), then optionally @sha256: and exactly 64 hex digits.
    condition     = var.server_image == null || can(regex("^[a-z0-9][a-z0-9._:/-]*[a-z0-9](@sha256:[0-9a-f]{64})?$", var.server_image))
    error_message = "server_image must be an image reference such as \"registry.example.com/ntab-server:1.0\" (lower-case; letters, digits, . _ : / -), or one pinned by digest: \"registry.example.com/ntab-server@sha256:<64 lower-case hex digits>\"."
  }
}

variable "client_image" {
  description = "Client image repository WITHOUT a tag, e.g. \"ghcr.io/you/ntab-client\"; the tag is the runtime's name (node22, bun, ...) for every runtime of client_runtimes (scripts/push-images-ecr.sh pushes them that way), or the digest in client_image_digests. With exactly one runtime it may also be one image by digest, \"<repository>@sha256:<64 hex digits>\". null only with create_ecr_repositories."
  type        = string
  default     = null

  validation {
    condition     = var.client_image != null || var.create_ecr_repositories
    error_message = "Set client_image, or create_ecr_repositories = true and push the images with scripts/push-images-ecr.sh."
  }
  validation {
    # A ':' is allowed only in a registry host's port, never after the last '/' (that would be a tag).
    condition = var.client_image == null || (
      can(regex("^[a-z0-9][a-z0-9._:/-]*[a-z0-9](@sha256:[0-9a-f]{64})?$", var.client_image)) &&
      !can(regex(":[^/]*$", split("@", var.client_image)[0]))
    )
    error_message = "client_image must be a repository without a tag, e.g. \"ghcr.io/you/ntab-client\" (the tag, the runtime's name, is added per runtime of client_runtimes), or a digest reference \"ghcr.io/you/ntab-client@sha256:<64 lower-case hex digits>\"."
  }
  validation {
    # One digest is one build for one runtime.
    condition     = var.client_image == null || !strcontains(coalesce(var.client_image, "-"), "@") || length(var.client_runtimes != null ? var.client_runtimes : var.node_versions) == 1
    error_message = "client_image given by digest names one image, so client_runtimes (or node_versions) must have exactly one entry; for several runtimes give the repository as client_image and one digest per runtime in client_image_digests."
  }
}

variable "client_image_digests" {
  description = "Pins the client image per runtime: { \"node24\" = \"sha256:<64 hex digits>\", \"bun\" = \"sha256:...\" }; the client then runs <client repository>@<digest> for that runtime instead of its mutable tag. A bare Node major (\"24\") is the old spelling of node24. scripts/push-images-ecr.sh prints this line after a push. Empty: the tags."
  type        = map(string)
  default     = {}

  validation {
    condition     = alltrue([for d in values(var.client_image_digests) : can(regex("^sha256:[0-9a-f]{64}$", d))])
    error_message = "client_image_digests values must be \"sha256:<64 lower-case hex digits>\", as scripts/push-images-ecr.sh prints them."
  }
  validation {
    # The runtimes that run: client_runtimes, else node<v> for every entry of node_versions.
    condition = alltrue([for k in keys(var.client_image_digests) : contains(
      var.client_runtimes != null ? var.client_runtimes : [for v in var.node_versions : "node${v}"],
      can(regex("^[0-9]+$", k)) ? "node${k}" : k
    )])
    error_message = "client_image_digests keys must be runtimes that run (client_runtimes, e.g. \"node24\" or \"bun\"; a bare Node major such as \"24\" stands for node24)."
  }
  validation {
    condition     = length(distinct([for k in keys(var.client_image_digests) : can(regex("^[0-9]+$", k)) ? "node${k}" : k])) == length(var.client_image_digests)
    error_message = "client_image_digests pins a runtime twice (\"24\" is node24)."
  }
  validation {
    condition     = length(var.client_image_digests) == 0 || !strcontains(coalesce(var.client_image, "-"), "@")
    error_message = "Pin the client image either by a digest in client_image or with client_image_digests, not both."
  }
}

variable "client_runtimes" {
  description = "JavaScript runtimes to compare (the pinned runtimes of runtimes/package.json): \"node22\", \"node24\", \"node26\", \"bun\", \"deno\". The client runs the whole suite once per runtime, with the image <client_image>:<runtime> (Dockerfile.client built with RUNTIME=<runtime>); results in <runtime>/. null: node<version> for every entry of node_versions."
  type        = list(string)
  default     = null

  validation {
    # The names of runtimes/package.json (a test keeps them equal); every runtime is a whole suite.
    condition     = var.client_runtimes == null || (length(coalesce(var.client_runtimes, ["-"])) >= 1 && alltrue([for r in coalesce(var.client_runtimes, ["-"]) : contains(["node22", "node24", "node26", "bun", "deno"], r)]))
    error_message = "client_runtimes must list one or more of \"node22\", \"node24\", \"node26\", \"bun\" and \"deno\" (the pinned runtimes, runtimes/package.json)."
  }
  validation {
    condition     = var.client_runtimes == null || length(distinct(coalesce(var.client_runtimes, ["-"]))) == length(coalesce(var.client_runtimes, ["-"]))
    error_message = "client_runtimes must not repeat a runtime."
  }
}

variable "node_versions" {
  description = "The old spelling of client_runtimes, Node.js major versions only: [\"22\", \"24\"] is client_runtimes = [\"node22\", \"node24\"]. Used when client_runtimes is null. The original compared two interpreter versions."
  type        = list(string)
  default     = ["22", "24"]

  validation {
    # The pinned Node runtimes (runtimes/package.json): node22, node24, node26.
    condition     = length(var.node_versions) >= 1 && length(var.node_versions) <= 6 && alltrue([for v in var.node_versions : contains(["22", "24", "26"], v)])
    error_message = "node_versions must list Node.js major versions among the pinned runtimes, \"22\", \"24\" and \"26\", e.g. [\"22\", \"24\"] (Bun and Deno: client_runtimes)."
  }
  validation {
    condition     = length(distinct(var.node_versions)) == length(var.node_versions)
    error_message = "node_versions must not repeat a version."
  }
}

variable "git_commit" {
  description = "Commit the images were built from, recorded with the results (BENCHMARK_GIT_COMMIT), e.g. -var git_commit=$(git rev-parse HEAD). Empty: not recorded."
  type        = string
  default     = ""

  validation {
    condition     = can(regex("^([0-9a-f]{7,40})?$", var.git_commit))
    error_message = "git_commit must be empty or a git commit id (7-40 lower-case hex digits)."
  }
}

# --- Benchmark parameters (the client image's BENCHMARK_* settings) ---------------------

variable "server_port" {
  description = "Port the server listens on (BENCHMARK_SERVER_PORT); reachable only from the clients' security group."
  type        = number
  default     = 8080

  validation {
    condition     = var.server_port >= 1024 && var.server_port <= 65535 && floor(var.server_port) == var.server_port
    error_message = "server_port must be a whole number from 1024 to 65535."
  }
}

variable "benchmark_queries" {
  description = "Requests per run (BENCHMARK_QUERIES); threads-map starts one worker thread per request."
  type        = number
  default     = 1000

  validation {
    condition     = var.benchmark_queries >= 1 && var.benchmark_queries <= 1000000 && floor(var.benchmark_queries) == var.benchmark_queries
    error_message = "benchmark_queries must be a whole number from 1 to 1000000."
  }
}

variable "benchmark_chunk" {
  description = "Chunk / thread-pool size of the threads strategies (BENCHMARK_CHUNK)."
  type        = number
  default     = 100

  validation {
    condition     = var.benchmark_chunk >= 1 && var.benchmark_chunk <= 100000 && floor(var.benchmark_chunk) == var.benchmark_chunk
    error_message = "benchmark_chunk must be a whole number from 1 to 100000."
  }
}

variable "benchmark_runs" {
  description = "Measured runs per strategy (BENCHMARK_RUNS)."
  type        = number
  default     = 10

  validation {
    condition     = var.benchmark_runs >= 1 && var.benchmark_runs <= 1000 && floor(var.benchmark_runs) == var.benchmark_runs
    error_message = "benchmark_runs must be a whole number from 1 to 1000."
  }
}

variable "benchmark_warmup" {
  description = "Warmup runs per strategy (BENCHMARK_WARMUP)."
  type        = number
  default     = 10

  validation {
    condition     = var.benchmark_warmup >= 0 && var.benchmark_warmup <= 1000 && floor(var.benchmark_warmup) == var.benchmark_warmup
    error_message = "benchmark_warmup must be a whole number from 0 to 1000."
  }
}

variable "benchmark_strategies" {
  description = "Strategies to run (BENCHMARK_STRATEGIES); default the original five. Controls such as async-limit can be added."
  type        = list(string)
  default     = ["threads-recreate", "threads-reuse", "threads-map", "async-for", "async-map"]

  validation {
    condition     = length(var.benchmark_strategies) >= 1 && alltrue([for s in var.benchmark_strategies : can(regex("^[a-z][a-z0-9-]*$", s))])
    error_message = "benchmark_strategies must list at least one strategy name such as \"async-for\" (see `benchmark list`)."
  }
}

# --- Memory: worker threads are expensive in Node.js ------------------------------------

variable "memory_guard" {
  description = "What the client does when a threads strategy is estimated not to fit in memory (threads-map starts one worker per query): \"skip\" runs the others and explains why in the results, \"refuse\" runs nothing and explains, \"warn\" runs it anyway (an OOM kill is then reported, not hidden)."
  type        = string
  default     = "skip"

  validation {
    condition     = contains(["skip", "refuse", "warn"], var.memory_guard)
    error_message = "memory_guard must be \"skip\", \"refuse\" or \"warn\"."
  }
}

variable "calibrate_memory" {
  description = "Measure the memory per worker thread on the client host with each client image (10 worker threads against one async run, a few seconds) before deciding what fits. false: use worker_thread_mib."
  type        = bool
  default     = true
}

variable "worker_thread_mib" {
  description = "Peak memory per live worker thread, in MiB: the plan-time warning's estimate, and the client's when calibrate_memory is false or its measurement fails. Default: the figure measured for this build (THREAD_COST.mibPerThread in src/strategies/thread-budget.ts, from npm run bench:threads; a test keeps them equal)."
  type        = number
  default     = 17

  validation {
    condition     = var.worker_thread_mib >= 1 && var.worker_thread_mib <= 1024 && floor(var.worker_thread_mib) == var.worker_thread_mib
    error_message = "worker_thread_mib must be a whole number of MiB from 1 to 1024."
  }
}

variable "client_base_mib" {
  description = "Memory of the client process before its first worker thread, in MiB: the plan-time warning's base. Default: the figure measured for this build (THREAD_COST.baseMiB in src/strategies/thread-budget.ts; a test keeps them equal). The client host itself asks the client image (benchmark check)."
  type        = number
  default     = 71

  validation {
    condition     = var.client_base_mib >= 1 && var.client_base_mib <= 65536 && floor(var.client_base_mib) == var.client_base_mib
    error_message = "client_base_mib must be a whole number of MiB from 1 to 65536."
  }
}

variable "memory_reserve_mib" {
  description = "Memory kept free for the OS, sshd and Docker on a client host; the client container's memory limit is MemTotal minus this."
  type        = number
  default     = 512

  validation {
    condition     = var.memory_reserve_mib >= 128 && var.memory_reserve_mib <= 65536 && floor(var.memory_reserve_mib) == var.memory_reserve_mib
    error_message = "memory_reserve_mib must be a whole number from 128 to 65536."
  }
}

variable "server_wait_minutes" {
  description = "How long a client waits for the server's /health (the server host installs Docker and pulls its image first; with ECR, until the images are pushed)."
  type        = number
  default     = 45

  validation {
    condition     = var.server_wait_minutes >= 1 && var.server_wait_minutes <= 240 && floor(var.server_wait_minutes) == var.server_wait_minutes
    error_message = "server_wait_minutes must be a whole number from 1 to 240."
  }
}

# --- Sweeps: when do worker threads pay off on the client's cores? ----------------------

variable "sweep_presets" {
  description = "benchmark sweep presets each client runs after its suites, against the server host (benchmark sweep --preset P --target env), once per runtime; results in <runtime>/sweep-<preset>/. \"work\": CPU work per response against warm pools, the crossover on client_instance_type's cores (about 10 minutes on a c5.large); \"concurrency\": C from 1 to 512. Empty: no sweep."
  type        = list(string)
  default     = []

  validation {
    # latency and rtt start their own server delay or latency proxy: they cannot run against the server host.
    condition     = alltrue([for p in var.sweep_presets : contains(["work", "concurrency"], p)]) && length(distinct(var.sweep_presets)) == length(var.sweep_presets)
    error_message = "sweep_presets may list \"work\" and \"concurrency\", each once (latency and rtt need their own local server and proxy, so they cannot run against the server host)."
  }
}

# Sizes of the sweeps instead of their presets' own (null: the preset's), for every preset in sweep_presets.

variable "sweep_requests" {
  description = "Requests per run of every sweep point (benchmark sweep -r). null: the preset's (1000)."
  type        = number
  default     = null

  validation {
    condition     = var.sweep_requests == null ? true : var.sweep_requests >= 1 && var.sweep_requests <= 1000000 && floor(var.sweep_requests) == var.sweep_requests
    error_message = "sweep_requests must be null or a whole number from 1 to 1000000."
  }
}

variable "sweep_runs" {
  description = "Measured runs per sweep point (benchmark sweep --runs). null: the preset's (work: 5)."
  type        = number
  default     = null

  validation {
    condition     = var.sweep_runs == null ? true : var.sweep_runs >= 2 && var.sweep_runs <= 1000 && floor(var.sweep_runs) == var.sweep_runs
    error_message = "sweep_runs must be null or a whole number from 2 to 1000 (Welch's t-test needs two runs per point)."
  }
}

variable "sweep_warmup" {
  description = "Warmup runs per sweep point (benchmark sweep --warmup). null: the preset's (1)."
  type        = number
  default     = null

  validation {
    condition     = var.sweep_warmup == null ? true : var.sweep_warmup >= 0 && var.sweep_warmup <= 1000 && floor(var.sweep_warmup) == var.sweep_warmup
    error_message = "sweep_warmup must be null or a whole number from 0 to 1000."
  }
}

variable "sweep_values" {
  description = "Values every sweep point runs at (benchmark sweep --values; ms of CPU work for work, C for concurrency). null: the preset's (work: 0, 0.1, 0.5, 1, 2, 5, 10)."
  type        = list(number)
  default     = null

  validation {
    condition     = var.sweep_values == null ? true : length(var.sweep_values) >= 1 && alltrue([for v in var.sweep_values : v >= 0 && v <= 60000])
    error_message = "sweep_values must be null or a non-empty list of numbers from 0 to 60000."
  }
}
