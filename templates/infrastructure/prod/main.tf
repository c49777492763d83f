# The prod application environment. The Terraform workspace says which twin this is:
# "ops" is applied from master, "apps" from a tag of a commit already applied to ops.

module "app" {
  source      = "../modules/app"
  environment = "prod"
  instance    = terraform.workspace
  node_count  = 3
}

output "endpoint" {
  value = module.app.endpoint
}
