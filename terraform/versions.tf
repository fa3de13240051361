terraform {
  # 1.9+: input validation may refer to other variables (used for the image settings).
  required_version = ">= 1.9.0, < 2.0.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.x: aws_vpc_security_group_*_rule and per-resource settings used here are stable there.
      version = "~> 6.0"
    }
  }
}
