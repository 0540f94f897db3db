module github.com/attune-breath/attune

go 1.26

require github.com/gopxl/beep/v2 v2.1.1

require (
	github.com/jfreymuth/oggvorbis v1.0.5 // indirect
	github.com/jfreymuth/vorbis v1.0.2 // indirect
	github.com/pkg/errors v0.9.1 // indirect
)
