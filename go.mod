module github.com/attune-breath/attune

go 1.26
