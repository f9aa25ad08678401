output "definition_ids" {
  description = "The managed definitions."
  value       = sort(keys(score_resource_definition.this))
}

output "definition_documents" {
  description = "The definitions' canonical documents, for score_resource_match (tests/match)."
  value       = [for d in score_resource_definition.this : d.document]
  sensitive   = true
}

output "ecr_repository_url" {
  description = "Where the app's pipeline pushes images (the `ECR_REPOSITORY` of its workflows)."
  value       = module.ecr.repository_url
}

output "deploy_role_arn" {
  description = "The role the app's workflows assume (`AWS_DEPLOY_ROLE_ARN`)."
  value       = module.github_oidc.role_arn
}
