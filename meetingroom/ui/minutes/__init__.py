"""The minutes screen: editor, state banner, versions and the actions by role."""
