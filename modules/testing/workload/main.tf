# Records what kubernetes/workload would apply, with the same inputs, so a generated root
# plans and applies without a cluster. Secret values are not recorded.
resource "terraform_data" "this" {
  input = {
    name            = var.workload.name
    namespace       = var.namespace
    service_account = coalesce(var.service_account, var.workload.name)
    role_arn        = var.role_arn
    manifests       = var.workload.manifests
    has_secret      = var.workload.secret_name != null
  }
}
