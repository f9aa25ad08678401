# Every definition under definitions/ (read recursively in sorted order), checked as one set.
data "score_resource_definitions" "all" {
  path = "${path.module}/definitions"
}

# Definition ids by resource type.
output "definition_ids" {
  value = { for d in data.score_resource_definitions.all.definitions : d.type => d.id... }
}
