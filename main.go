// Command mediaflow is the MediaFlow server and its administration CLI.
package main

import (
	"os"
	_ "time/tzdata" // the same time zones on every machine

	"mediaflow/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
