provider "aws" {
  region = var.region

  default_tags {
    tags = merge(var.tags, {
      Project   = "node-threads-async-benchmark"
      ManagedBy = "terraform"
    })
  }
}

# Newest Ubuntu 24.04 LTS (amd64) published by Canonical's account, unless ami_id is given.
data "aws_ami" "ubuntu" {
  count       = var.ami_id == null ? 1 : 0
  most_recent = true
  owners      = ["099720109477"]

  filter {
    name   = "name"
    values = ["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"]
  }
  filter {
    name   = "architecture"
    values = ["x86_64"]
  }
  filter {
    name   = "virtualization-type"
    values = ["hvm"]
  }
  filter {
    name   = "root-device-type"
    values = ["ebs"]
  }
}

# Zones of the region that need no opt-in (no Local Zones) ...
data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}

# ... and that offer every instance type used: a cluster placement group lives in one zone.
data "aws_ec2_instance_type_offerings" "zones" {
  for_each      = local.instance_types
  location_type = "availability-zone"

  filter {
    name   = "instance-type"
    values = [each.key]
  }
}

locals {
  client_instance_type = coalesce(var.client_instance_type, var.instance_type)
  instance_types       = toset([var.instance_type, local.client_instance_type])
  ami_id               = var.ami_id != null ? var.ami_id : data.aws_ami.ubuntu[0].id

  usable_zones = sort(setintersection(
    toset(data.aws_availability_zones.available.names),
    [for offering in data.aws_ec2_instance_type_offerings.zones : toset(offering.locations)]...
  ))
  availability_zone = var.availability_zone != null ? var.availability_zone : try(local.usable_zones[0], null)

  ssh_user    = "ubuntu"
  results_dir = "/var/lib/ntab-benchmark/results"

  # Threads-map starts one worker thread per query. The client's own memory model
  # (src/strategies/thread-budget.ts, asked on the host through `benchmark check`) with the
  # same figures: client_base_mib and worker_thread_mib default to its measured ones.
  threads_map_estimate_mib = var.client_base_mib + var.benchmark_queries * var.worker_thread_mib
}

# A warning at plan time, not an error: the client host handles it as memory_guard says.
check "client_memory_fits_threads_map" {
  # Scoped data source: a failed lookup is a warning too, never a failed plan.
  data "aws_ec2_instance_type" "client" {
    instance_type = local.client_instance_type
  }

  assert {
    condition = (!contains(var.benchmark_strategies, "threads-map") ||
    local.threads_map_estimate_mib <= data.aws_ec2_instance_type.client.memory_size - var.memory_reserve_mib)
    error_message = format(
      "threads-map with %d queries starts %d worker threads: about %d MiB, but a %s client has about %d MiB for the benchmark. With memory_guard = \"%s\" the client will %s. To run it: a client_instance_type with at least %d MiB, or benchmark_queries <= %d.",
      var.benchmark_queries, var.benchmark_queries, local.threads_map_estimate_mib, local.client_instance_type,
      data.aws_ec2_instance_type.client.memory_size - var.memory_reserve_mib, var.memory_guard,
      lookup({
        skip   = "skip threads-map and explain why in its results"
        refuse = "run nothing and explain why in its results"
        warn   = "run it anyway and report the OOM kill"
      }, var.memory_guard, "?"),
      local.threads_map_estimate_mib + var.memory_reserve_mib,
      max(0, floor((data.aws_ec2_instance_type.client.memory_size - var.memory_reserve_mib - var.client_base_mib) / var.worker_thread_mib))
    )
  }
}
