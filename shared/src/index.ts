export * from './enums';
export * from './errors';
export * from './limits';
export * from './dto';
export * from './events';
export * from './preview';
export * from './text';
export * from './saved-replies';
