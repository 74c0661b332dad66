"""The GraphQL API: Strawberry types, filters, pagination and the schema."""
