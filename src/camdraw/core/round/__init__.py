"""The round: steps from photo to painting, the checks, prompts, styles and limits."""
