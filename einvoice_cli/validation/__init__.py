"""Validating one document: inputs, the rule engine of a process, scenario choice, XML Schema,
Schematron steps and the verdict, joined by the pipeline."""
