import { ParseUUIDPipe } from '@nestjs/common';
import { validation } from './app-error';

/** Path ids must be UUIDs; anything else is 400 VALIDATION, never a database lookup. */
export const UuidPipe = new ParseUUIDPipe({ exceptionFactory: () => validation('The id must be a UUID') });
