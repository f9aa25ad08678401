# Parse a Score workload without a data source (Terraform 1.8 and later).
locals {
  workload = provider::score::parse_workload(<<-YAML
    apiVersion: score.dev/v1b1
    metadata:
      name: shop
    containers:
      web:
        image: nginx:1.27
  YAML
  )
}

output "workload_name" {
  value = local.workload.name
}
