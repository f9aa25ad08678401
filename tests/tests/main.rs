mod dist;
mod generate;
mod provider;
mod provider_examples;
mod provider_process;
mod terraform_smoke;
