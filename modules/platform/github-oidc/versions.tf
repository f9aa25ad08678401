terraform {
  required_version = ">= 1.2" # lifecycle preconditions

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 3.39 is the oldest version tested; the arguments used here exist in every major since.
      version = ">= 3.39, < 7.0"
    }
  }
}
