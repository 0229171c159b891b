import { ValidationPipe } from '@nestjs/common';
import { QUERY_VALIDATION_OPTIONS } from '@benchpool/storage-core';

/** 400 with one message per problem; unknown parameters are refused, query strings converted by the DTOs. */
export const validated = new ValidationPipe({ ...QUERY_VALIDATION_OPTIONS, transform: true });
