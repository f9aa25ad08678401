output "name" {
  description = "The workload name."
  value       = var.workload.name
}

output "namespace" {
  description = "The namespace the workload runs in."
  value       = var.namespace
}

output "service_account" {
  description = "The workload's service account."
  value       = local.service_account
}

output "objects" {
  description = "The applied objects, as `Kind/name`."
  value       = sort(keys(local.objects))
}
