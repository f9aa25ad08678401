mod dist;
mod generate;
mod provider;
mod provider_definitions;
mod provider_examples;
mod provider_process;
mod provider_resources;
mod terraform_smoke;
