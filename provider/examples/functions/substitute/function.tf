# Substitute Score placeholders (Terraform 1.8 and later). `$${...}` keeps HCL from
# interpolating, so the function sees `${...}`.
locals {
  url = provider::score::substitute(
    "postgres://$${db.host}:$${db.port}/$${db.name}",
    { db = { host = "db.internal", port = 5432, name = "shop" } },
  )
}

output "url" {
  value = local.url # "postgres://db.internal:5432/shop"
}
