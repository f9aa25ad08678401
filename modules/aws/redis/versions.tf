terraform {
  required_version = ">= 1.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # hashicorp/aws 5.0 renamed two required arguments of aws_elasticache_replication_group
      # (see the README): no configuration works on both sides of it, and 3.39 is the version
      # tested here.
      version = ">= 3.39, < 5.0"
    }
  }
}
