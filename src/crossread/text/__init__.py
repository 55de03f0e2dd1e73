"""Text basics shared by every stage: words and sentence ends that know every script."""
