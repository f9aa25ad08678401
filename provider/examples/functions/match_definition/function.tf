# Match a resource without a data source (Terraform 1.8 and later).
locals {
  dns = provider::score::match_definition(
    [<<-YAML
      apiVersion: entity.humanitec.io/v1b1
      kind: Definition
      metadata:
        id: dns-echo
      entity:
        name: dns-echo
        type: dns
        driver_type: humanitec/echo
        driver_inputs:
          values:
            host: $${context.app.id}.example.com
        criteria:
          - {}
    YAML
    ],
    { type = "dns" },
    { app_id = "shop", env_id = "dev", env_type = "development" },
  )
}

# "dns-echo", and the inputs with placeholders resolved: { host = "shop.example.com" }.
output "dns_definition" {
  value = local.dns.definition_id
}

output "dns_inputs" {
  value = jsondecode(local.dns.inputs)
}
