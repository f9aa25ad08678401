resource "terraform_data" "this" {
  input = {
    values  = var.values
    secrets = var.secrets
  }
}
