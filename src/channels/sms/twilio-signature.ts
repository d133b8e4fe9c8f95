import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { Request } from 'express';
import twilio from 'twilio';
import type { Settings } from '../../settings/settings.js';

/**
 * Twilio's webhooks are trusted only when X-Twilio-Signature matches the public URL and the
 * posted fields; without a Twilio account the routes do not exist (404).
 */
export function verifyTwilioRequest(settings: Settings, request: Request, body: Record<string, string>): void {
  const authToken = settings.twilio?.authToken;
  if (!authToken) throw new NotFoundException('Twilio is not configured');
  const signature = request.header('x-twilio-signature');
  if (!signature || !twilio.validateRequest(authToken, signature, settings.publicBaseUrl + request.originalUrl, body)) {
    throw new ForbiddenException('The Twilio signature is not valid');
  }
}
