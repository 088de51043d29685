"""The selected agenda item's documents: their pane and states, uploads, opening readers."""
