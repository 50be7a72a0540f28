"""Operations on a deployed stack (`make publish`)."""
