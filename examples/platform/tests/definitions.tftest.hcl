# `terraform test` (Terraform >= 1.8, offline): the definitions plan as score_resource_definition
# resources, and each environment of the example app gets the definitions meant for it.
# Plans only: nothing is created, and the AWS provider below never calls AWS.

provider "aws" {
  region                      = "eu-west-1"
  access_key                  = "AKIAIOSFODNN7EXAMPLE"
  secret_key                  = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
  skip_credentials_validation = true
  skip_requesting_account_id  = true
  skip_metadata_api_check     = true
  skip_get_ec2_platforms      = true
}

variables {
  # Environment values as examples/app/score2hcl.yaml sets them (the definitions read them).
  nonprod = {
    region                      = "eu-west-1"
    vpc_id                      = "vpc-0a1b2c3d4e5f60001"
    private_subnet_ids          = ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012"]
    workload_security_group_ids = ["sg-0a1b2c3d4e5f60021"]
    oidc_provider_arn           = "arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/NONPROD"
    oidc_issuer                 = "oidc.eks.eu-west-1.amazonaws.com/id/NONPROD"
    zone_id                     = "Z0000000000000000TEST"
    zone_name                   = "dev.shop.example.com"
    ingress_host                = "ingress.eu-west-1.elb.amazonaws.com"
    bucket_prefix               = "acme-111111111111-eu-west-1"
  }
  production_eu = {
    region                      = "eu-west-1"
    vpc_id                      = "vpc-0a1b2c3d4e5f60101"
    private_subnet_ids          = ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012"]
    workload_security_group_ids = ["sg-0a1b2c3d4e5f60021"]
    oidc_provider_arn           = "arn:aws:iam::222222222222:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/PRODEU"
    oidc_issuer                 = "oidc.eks.eu-west-1.amazonaws.com/id/PRODEU"
    zone_id                     = "Z0000000000000000TEST"
    zone_name                   = "eu.shop.example.com"
    ingress_host                = "ingress.eu-west-1.elb.amazonaws.com"
    bucket_prefix               = "acme-222222222222-eu-west-1"
  }
  production_us = {
    region                      = "us-east-1"
    vpc_id                      = "vpc-0a1b2c3d4e5f60201"
    private_subnet_ids          = ["subnet-0a1b2c3d4e5f60011", "subnet-0a1b2c3d4e5f60012"]
    workload_security_group_ids = ["sg-0a1b2c3d4e5f60021"]
    oidc_provider_arn           = "arn:aws:iam::333333333333:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/PRODUS"
    oidc_issuer                 = "oidc.eks.us-east-1.amazonaws.com/id/PRODUS"
    zone_id                     = "Z0000000000000000TEST"
    zone_name                   = "us.shop.example.com"
    ingress_host                = "ingress.us-east-1.elb.amazonaws.com"
    bucket_prefix               = "acme-333333333333-us-east-1"
  }

  # The web workload of examples/app: its resources by Score name.
  resources = {
    db       = { type = "postgres", res_id = "modules.web.externals.db" }
    cache    = { type = "redis", res_id = "modules.web.externals.cache" }
    uploads  = { type = "s3", res_id = "modules.web.externals.uploads" }
    policy   = { type = "aws-policy", class = "s3-read-write", res_id = "modules.web.externals.uploads" }
    dns      = { type = "dns", res_id = "modules.web.externals.dns" }
    role     = { type = "aws-role", res_id = "modules.web" }
    workload = { type = "workload", res_id = "modules.web" }
    queue    = { type = "sqs", res_id = "modules.web.externals.queue" }
    mysql    = { type = "mysql", res_id = "modules.web.externals.mysql" }
  }
}

run "definitions" {
  command = plan

  assert {
    condition     = length(output.definition_ids) == 20
    error_message = "Every definition file document is managed: ${jsonencode(output.definition_ids)}"
  }

  assert {
    condition     = score_resource_definition.this["postgres-production"].criteria[0].env_type == "production"
    error_message = "postgres-production is for production environments."
  }

  assert {
    condition     = module.github_oidc.subjects == ["repo:acme/shop:ref:refs/heads/main", "repo:acme/shop:environment:development", "repo:acme/shop:environment:production-eu", "repo:acme/shop:environment:production-us"]
    error_message = "The deploy role trusts exactly the main branch and the deployment environments of one repository."
  }
}

run "development" {
  command = plan

  module {
    source = "./tests/match"
  }

  variables {
    definitions = run.definitions.definition_documents
    context = {
      app_id   = "shop"
      env_id   = "development"
      env_type = "development"
      values   = var.nonprod
    }
  }

  assert {
    condition = output.definition_ids == {
      db       = "postgres-development"
      cache    = "redis-development"
      uploads  = "s3-development"
      policy   = "aws-policy-s3-read-write"
      dns      = "dns-route53"
      role     = "aws-role-workload"
      workload = "workload-kubernetes"
      queue    = "sqs-development"
      mysql    = "mysql-development"
    }
    error_message = "Development definitions: ${jsonencode(output.definition_ids)}"
  }

  assert {
    condition     = !output.inputs.db.variables.multi_az && !output.inputs.db.variables.deletion_protection
    error_message = "Development databases are single-AZ without deletion protection."
  }

  assert {
    condition     = output.inputs.uploads.variables.force_destroy
    error_message = "Development buckets can be destroyed with their objects."
  }
}

run "staging" {
  command = plan

  module {
    source = "./tests/match"
  }

  variables {
    definitions = run.definitions.definition_documents
    context = {
      app_id   = "shop"
      env_id   = "staging"
      env_type = "staging"
      values   = var.nonprod
    }
  }

  assert {
    condition     = output.definition_ids.db == "postgres-staging" && output.definition_ids.cache == "redis-staging" && output.definition_ids.uploads == "s3-staging"
    error_message = "Staging definitions: ${jsonencode(output.definition_ids)}"
  }

  assert {
    condition     = output.inputs.db.variables.deletion_protection && !output.inputs.uploads.variables.force_destroy
    error_message = "Staging data is protected from deletion."
  }
}

run "production_eu" {
  command = plan

  module {
    source = "./tests/match"
  }

  variables {
    definitions = run.definitions.definition_documents
    context = {
      app_id   = "shop"
      env_id   = "production-eu"
      env_type = "production"
      values   = var.production_eu
    }
  }

  assert {
    condition     = output.definition_ids.db == "postgres-production" && output.definition_ids.cache == "redis-production" && output.definition_ids.uploads == "s3-production"
    error_message = "Production definitions: ${jsonencode(output.definition_ids)}"
  }

  assert {
    condition     = output.inputs.db.variables.multi_az && output.inputs.db.variables.deletion_protection && output.inputs.db.variables.instance_class == "db.r6g.large"
    error_message = "Production databases are multi-AZ, protected and bigger."
  }

  assert {
    condition     = output.inputs.cache.variables.multi_az
    error_message = "Production caches fail over to a replica."
  }
}

run "production_us" {
  command = plan

  module {
    source = "./tests/match"
  }

  variables {
    definitions = run.definitions.definition_documents
    context = {
      app_id   = "shop"
      env_id   = "production-us"
      env_type = "production"
      values   = var.production_us
    }
  }

  assert {
    condition     = output.definition_ids.db == "postgres-production" && output.definition_ids.dns == "dns-route53"
    error_message = "The second production region gets the same definitions: ${jsonencode(output.definition_ids)}"
  }

  assert {
    condition     = output.inputs.db.variables.name == "shop-production-us-db"
    error_message = "Names carry the environment, so both regions can share an account: ${output.inputs.db.variables.name}"
  }
}

run "unknown_environment_type" {
  command = plan

  module {
    source = "./tests/match"
  }

  variables {
    definitions = run.definitions.definition_documents
    context = {
      app_id   = "shop"
      env_id   = "preview-42"
      env_type = "preview"
      values   = var.nonprod
    }
  }

  assert {
    condition     = output.definition_ids.db == null && output.definition_ids.dns == "dns-route53"
    error_message = "An environment type without definitions gets no database (only the catch-all DNS): ${jsonencode(output.definition_ids)}"
  }
}
