# Bring an existing definition file under management. The import id is the path of a
# definition file (any form score2hcl reads), relative to the directory Terraform runs in.
# Write the matching resource block first: the plan after the import is then empty.
terraform import score_resource_definition.postgres_dev definitions/postgres-dev.yaml
