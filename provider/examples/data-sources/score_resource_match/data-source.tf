# Which definition provisions the "db" database of workload "shop" in production?
data "score_resource_definitions" "all" {
  path = "${path.module}/definitions"
}

data "score_resource_match" "db_production" {
  definitions = data.score_resource_definitions.all.documents
  resource = {
    type   = "postgres"
    res_id = "modules.shop.externals.db"
  }
  context = {
    app_id   = "shop"
    env_id   = "production"
    env_type = "production"
    values   = { region = "eu-west-1" }
  }
}

output "db_production" {
  value = {
    matched    = data.score_resource_match.db_production.matched
    definition = data.score_resource_match.db_production.definition_id
    source     = data.score_resource_match.db_production.module_source
    inputs     = jsondecode(data.score_resource_match.db_production.inputs)
    reason     = data.score_resource_match.db_production.reason
  }
}
