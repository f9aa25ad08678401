# The app's own part of each generated root (cd.yml copies it into build/ENV): state backend,
# providers and access to the environment's EKS cluster. score2hcl never writes or deletes it.
terraform {
  backend "s3" {}

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 3.39, < 5.0"
    }
    kubernetes = {
      source  = "hashicorp/kubernetes"
      version = ">= 2.8, < 4.0"
    }
  }
}

variable "region" {
  description = "The environment's region."
  type        = string
}

variable "cluster_name" {
  description = "The environment's EKS cluster."
  type        = string
}

provider "aws" {
  region = var.region

  default_tags {
    tags = {
      managed-by = "score2hcl"
    }
  }
}

data "aws_eks_cluster" "this" {
  name = var.cluster_name
}

data "aws_eks_cluster_auth" "this" {
  name = var.cluster_name
}

provider "kubernetes" {
  host                   = data.aws_eks_cluster.this.endpoint
  cluster_ca_certificate = base64decode(data.aws_eks_cluster.this.certificate_authority[0].data)
  token                  = data.aws_eks_cluster_auth.this.token
}
