import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** For the API documentation only: the body is read by `readSubscription`, which takes forms too. */
export class SubscribeDto {
  @ApiPropertyOptional({ example: 'resident@example.com', description: 'An email address, a UK mobile number, or both' })
  email?: string;

  @ApiPropertyOptional({ example: '07911 123456', description: 'A UK mobile number' })
  phone?: string;

  @ApiProperty({ example: 'NN1 3AB' })
  postcode!: string;

  @ApiPropertyOptional({ description: 'A neighbourhood covering the postcode; without it, every neighbourhood covering the postcode' })
  neighbourhoodId?: string;
}
