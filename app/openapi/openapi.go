// Package openapi embeds the OpenAPI document of MediaFlow's HTTP API.
package openapi

import _ "embed"

// Document is the OpenAPI 3 document, served at /api/v1/openapi.yaml.
//
//go:embed openapi.yaml
var Document []byte
