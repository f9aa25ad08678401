# A workload wired to its resources' outputs, as `score2hcl generate` writes it. The
# outputs here come from a `terraform_data` stand-in for a real database module.
resource "terraform_data" "db" {
  input = {
    host     = "db.internal"
    port     = "5432"
    username = "shop"
    password = "change-me"
  }
}

resource "score_workload" "shop" {
  spec = <<-SCORE
    apiVersion: score.dev/v1b1
    metadata:
      name: shop
    service:
      ports:
        web:
          port: 80
          targetPort: 8080
    containers:
      web:
        image: .
        variables:
          DATABASE_URL: postgres://$${resources.db.username}:$${resources.db.password}@$${resources.db.host}:$${resources.db.port}/shop
          WORKLOAD: $${metadata.name}
    resources:
      db:
        type: postgres
  SCORE

  context = {
    app_id   = "shop"
    env_id   = "dev"
    env_type = "development"
    org_id   = "acme"
    values   = { region = "eu-west-1" }
  }

  # postgres `username` and `password` are secret by the resource type catalog; list
  # other secret outputs in `secret_outputs`.
  resources = {
    db = terraform_data.db.output
  }
  images = {
    web = "ghcr.io/acme/shop@sha256:0d4b5c4e0a1f0f3c1f9c6b9e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a"
  }
}

# Non-sensitive manifests (secret values are `secretKeyRef`s into the Secret).
output "manifests" {
  value = score_workload.shop.manifests
}

output "revision" {
  value = score_workload.shop.revision
}
