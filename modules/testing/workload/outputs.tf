output "name" {
  description = "The workload name."
  value       = terraform_data.this.output.name
}

output "namespace" {
  description = "The namespace."
  value       = terraform_data.this.output.namespace
}

output "service_account" {
  description = "The service account name."
  value       = terraform_data.this.output.service_account
}

output "manifests" {
  description = "The manifests that would be applied."
  value       = terraform_data.this.output.manifests
}
