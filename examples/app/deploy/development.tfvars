region       = "eu-west-1"
cluster_name = "nonprod"
