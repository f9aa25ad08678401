region       = "us-east-1"
cluster_name = "prod-us"
