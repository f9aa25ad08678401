terraform {
  # terraform_data arrived in Terraform 1.4.
  required_version = ">= 1.4"
}
