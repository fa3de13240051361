# Which image each host runs. Tags as scripts/push-images-ecr.sh pushes them, unless a digest
# is given: ECR tags are mutable, a digest names one build for good (the push script prints
# them). Only the variables and the repository URLs here: test/terraform evaluates these
# locals with terraform console, as they are written.

locals {
  # Given (a tag or repo@sha256:...), or the server repository created here, tag latest.
  server_image = var.server_image != null ? var.server_image : "${aws_ecr_repository.server[0].repository_url}:latest"
  # A repository, or (one Node version only) one image by digest.
  client_repo = var.client_image != null ? var.client_image : aws_ecr_repository.client[0].repository_url
  # The runtimes of the timed client: client_runtimes, else its old spelling node_versions.
  client_runtimes = var.client_runtimes != null ? var.client_runtimes : [for v in var.node_versions : "node${v}"]
  # Result label (the runtime) -> image: one full suite per runtime, results in <results_dir>/<label>/.
  # Per runtime: client_image itself when it is a digest, else <repo>@<its digest> (key: the runtime,
  # or a bare Node major, the old spelling), else <repo>:<runtime>.
  client_images = { for r in local.client_runtimes : r => (
    strcontains(local.client_repo, "@") ? local.client_repo :
    lookup(var.client_image_digests, r, lookup(var.client_image_digests, trimprefix(r, "node"), null)) != null ?
    "${local.client_repo}@${lookup(var.client_image_digests, r, lookup(var.client_image_digests, trimprefix(r, "node"), null))}" :
    "${local.client_repo}:${r}"
  ) }
}
