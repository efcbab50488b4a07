"""The zone pages, where officers and tong leaders meet. Builds on officers and leaders."""
