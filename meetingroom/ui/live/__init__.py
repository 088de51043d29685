"""The live session: header, attendance, speakers, following the presenter, the runner's console."""
