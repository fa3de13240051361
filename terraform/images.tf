# Which image each host runs. Tags as scripts/push-images-ecr.sh pushes them, unless a digest
# is given: ECR tags are mutable, a digest names one build for good (the push script prints
# them). Only the variables and the repository URLs here: test/terraform evaluates these
# locals with terraform console, as they are written.

locals {
  # Given (a tag or repo@sha256:...), or the server repository created here, tag latest.
  server_image = var.server_image != null ? var.server_image : "${aws_ecr_repository.server[0].repository_url}:latest"
  # A repository, or (one Node version only) one image by digest.
  client_repo = var.client_image != null ? var.client_image : aws_ecr_repository.client[0].repository_url
  # Result label -> image: one full suite per Node version, results in <results_dir>/<label>/.
  # Per version: client_image itself when it is a digest, else <repo>@<client_image_digests[v]>, else <repo>:node<v>.
  client_images = { for v in var.node_versions : "node${v}" => (
    strcontains(local.client_repo, "@") ? local.client_repo :
    lookup(var.client_image_digests, v, null) != null ? "${local.client_repo}@${var.client_image_digests[v]}" :
    "${local.client_repo}:node${v}"
  ) }
}
