terraform {
  required_providers {
    score = {
      source = "score-tf/score"
    }
  }
}

# The provider takes no configuration: it reads and resolves Score workloads and resource
# definitions locally and calls no API.
provider "score" {}
