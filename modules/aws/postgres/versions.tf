terraform {
  required_version = ">= 1.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 3.39 is the oldest version tested; aws_rds_cluster's arguments used here are the same
      # in every major since.
      version = ">= 3.39, < 7.0"
    }
  }
}
