terraform {
  required_version = ">= 1.0"

  required_providers {
    kubernetes = {
      source = "hashicorp/kubernetes"
      # kubernetes_manifest is generally available from 2.8 (no provider experiment flag).
      version = ">= 2.8, < 4.0"
    }
  }
}
