"""The classroom: exercises, sheets and their writers, grading and the gradebook."""
