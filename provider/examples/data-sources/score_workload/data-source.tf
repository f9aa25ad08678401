# Read a Score workload. The spec is inline here; `file("${path.module}/score.yaml")` works
# the same way.
data "score_workload" "shop" {
  spec = <<-YAML
    apiVersion: score.dev/v1b1
    metadata:
      name: shop
    containers:
      web:
        image: nginx:1.27
    resources:
      db:
        type: postgres
        params:
          version: 16
  YAML
}

# Container images by container name: { web = "nginx:1.27" }.
output "images" {
  value = { for c in data.score_workload.shop.containers : c.name => c.image }
}

# The params of the "db" resource, decoded: { version = 16 }.
output "db_params" {
  value = jsondecode(one([for r in data.score_workload.shop.resource_requests : r.params if r.name == "db"]))
}
