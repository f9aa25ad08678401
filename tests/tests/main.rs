mod generate;
mod provider;
mod provider_definitions;
mod provider_process;
mod terraform_smoke;
