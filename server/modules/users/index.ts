export { countUsers } from './users.repository.ts';
export { registerUserRoutes } from './users.routes.ts';
export { createUser, listUsers } from './users.service.ts';
