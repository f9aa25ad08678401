variable "suffix" {
  type = string
}

locals {
  bucket = "${var.score2hcl_context_app_id}-${var.score2hcl_context_env_id}-${var.suffix}"
}

resource "terraform_data" "bucket" {
  input = {
    bucket    = local.bucket
    region    = "${var.score2hcl_values_region}"
    retention = "${var.score2hcl_values_retention_days}"
    res_id    = "${var.score2hcl_context_res_id}"
  }
}

output "bucket" {
  value = terraform_data.bucket.output.bucket
}

output "region" {
  value = terraform_data.bucket.output.region
}
