# Test helper: which definition each resource of the example app gets in one environment.
terraform {
  required_providers {
    score = {
      source = "score-tf/score"
    }
  }
}

variable "definitions" {
  description = "Definition documents."
  type        = list(string)
  sensitive   = true
}

variable "context" {
  description = "The environment: app_id, env_id, env_type and values."
  type        = any
}

variable "resources" {
  description = "Name => the resource to match (type, class, res_id)."
  type = map(object({
    type   = string
    class  = optional(string)
    res_id = string
  }))
}

data "score_resource_match" "this" {
  for_each    = var.resources
  definitions = var.definitions
  resource    = each.value
  context     = var.context
}

output "definition_ids" {
  description = "Name => the id of the definition it gets (null when none matches)."
  value       = { for k, m in data.score_resource_match.this : k => m.definition_id }
}

output "inputs" {
  description = "Name => the winning definition's inputs, decoded."
  value       = { for k, m in data.score_resource_match.this : k => try(jsondecode(m.inputs), null) }
}
