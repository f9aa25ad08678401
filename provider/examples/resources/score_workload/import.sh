# Import a workload from its Score file (the path is relative to the working directory).
# The imported state holds the spec; the next plan fills in `context`, `resources` and the
# computed attributes from the configuration as an in-place update.
terraform import score_workload.shop ./score.yaml
