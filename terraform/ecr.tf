# Optional private ECR repositories for the two images (create_ecr_repositories = true),
# filled by scripts/push-images-ecr.sh, and a pull-only role for the hosts.

resource "aws_ecr_repository" "server" {
  count                = var.create_ecr_repositories ? 1 : 0
  name                 = "${var.name_prefix}/server"
  image_tag_mutability = "MUTABLE" # the push script moves :latest / :node<version> to new builds
  force_delete         = true      # `terraform destroy` removes the pushed images too

  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "AES256"
  }
}

resource "aws_ecr_repository" "client" {
  count                = var.create_ecr_repositories ? 1 : 0
  name                 = "${var.name_prefix}/client"
  image_tag_mutability = "MUTABLE"
  force_delete         = true

  image_scanning_configuration {
    scan_on_push = true
  }
  encryption_configuration {
    encryption_type = "AES256"
  }
}

# --- Least privilege: the hosts may only pull from these two repositories ---------------

data "aws_iam_policy_document" "assume_ec2" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "pull" {
  count = var.create_ecr_repositories ? 1 : 0

  # GetAuthorizationToken cannot be scoped to a repository (AWS requires "*").
  statement {
    sid       = "RegistryLogin"
    actions   = ["ecr:GetAuthorizationToken"]
    resources = ["*"]
  }
  statement {
    sid = "PullBenchmarkImages"
    actions = [
      "ecr:BatchCheckLayerAvailability",
      "ecr:BatchGetImage",
      "ecr:GetDownloadUrlForLayer",
    ]
    resources = [aws_ecr_repository.server[0].arn, aws_ecr_repository.client[0].arn]
  }
}

resource "aws_iam_role" "host" {
  count              = var.create_ecr_repositories ? 1 : 0
  name               = "${var.name_prefix}-host"
  assume_role_policy = data.aws_iam_policy_document.assume_ec2.json
}

resource "aws_iam_role_policy" "pull" {
  count  = var.create_ecr_repositories ? 1 : 0
  name   = "${var.name_prefix}-ecr-pull"
  role   = aws_iam_role.host[0].id
  policy = data.aws_iam_policy_document.pull[0].json
}

resource "aws_iam_instance_profile" "host" {
  count = var.create_ecr_repositories ? 1 : 0
  name  = "${var.name_prefix}-host"
  role  = aws_iam_role.host[0].name
}
